"""Programmes and what they promised: a programme (CRESCER in Brazil, EmpleaT in Chile,
Emerge in Peru...) runs pillars, and funders hold it to targets per pillar and country.

It owns programmes, the curricula and groups they run, targets, and results tracked outside
Rumo (imported participants and institutions). It must not compute who was trained or
graduated (``lms.participants`` does) nor hold survey answers (``lms.surveys``)."""
