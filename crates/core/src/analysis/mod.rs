//! Decision analysis on the engine's common random numbers: turning runs into choices.
//! Everything here runs designs with shared seeds so that differences are the design's, not
//! the dice's.

pub mod compare;
pub mod sensitivity;
pub mod shapley;
pub mod optimize;
pub mod goal;
pub mod solve;
pub mod drivers;
pub mod stress;
pub mod voi;
