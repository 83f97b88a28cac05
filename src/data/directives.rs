//! Placeholder: the directives queries are being written.
