// Module sources follow.
