"""Background work of the notifications app.

The reminder planner and dispatcher arrive with the reminders issue; the
worker and beat already run so that the embedded default starts as in production.
"""
