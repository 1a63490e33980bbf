"""Import and export: pure functions between text and request descriptions or exchanges. No Qt, no I/O."""
