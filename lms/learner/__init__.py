"""Learner-facing views: my path, enrolment and placement, the actions a session page posts
(progress, quiz answers, reflections), the life plan and the refresher search.

Views stay thin: they check who may act and call services and selectors of the apps below.
"""
