"""timeline: dated event graphs from news articles."""
