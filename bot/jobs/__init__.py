"""Time-driven work: the scheduler, its leader election, the planner."""
