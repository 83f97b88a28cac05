//! Placeholder: the goals queries are being written.
