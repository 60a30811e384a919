"""casebase's test suite (a package, so helper modules are imported as `tests.<name>`)."""
