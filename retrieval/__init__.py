"""The retrieval engine: articles in, cited and attributed passages out. Knows nothing of chat."""
