"""Storage: paths, atomic files, profiles, secrets, collections, environments, history. No Qt."""
