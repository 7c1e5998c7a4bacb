"""The staff console's work: the queue and case workflow, staff accounts, the review queue,
analytics and service-level targets."""
