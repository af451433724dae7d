"""Earlier counts in the window (RULES §13): the draft's rows, the table, the paste dialog."""
