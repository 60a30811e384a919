"""Browser tests: real Chromium against a real `casebase serve`."""
