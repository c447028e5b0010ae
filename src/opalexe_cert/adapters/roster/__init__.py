"""Reading the compagnie's roster and its members' exports, and its calendar."""
