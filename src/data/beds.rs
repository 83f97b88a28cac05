//! Placeholder: the beds queries are being written.
