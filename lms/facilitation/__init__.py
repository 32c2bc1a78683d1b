"""Facilitator dashboards and session mode: reads across cohorts, progress and quizzes; views
arrive with the facilitator screens.
"""
