"""The test suite; a package so that its modules import the shared paths and fixtures by one name."""
