"""The public site for civil servants: pages, search, feeds (Dutch first, English with _lang=en)."""
