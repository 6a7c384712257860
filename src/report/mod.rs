//! Reports: plain data built from the catalog, and renderers that turn them into bytes.
