"""Workbench resources: icons, styles and the tour collection, read through workbench.resources_access."""
