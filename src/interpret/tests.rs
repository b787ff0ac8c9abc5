//! Unit tests of the interpretation on hand-built grids.
