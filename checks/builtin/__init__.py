"""Built-in checks, one module per check; checks.registry.load_checks() imports them in sorted order."""
