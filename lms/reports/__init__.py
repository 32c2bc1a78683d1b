"""Programme results: the report programme managers give their funders (targets against
participants trained and graduated, by pillar and country, and the outcome indicators), on
screen, as SVG charts, as CSV and XLSX files and from ``manage.py results_report``.

It reads live participants (``lms.participants``, ``lms.surveys``, groups' programmes) and
results imported into ``lms.programmes``, and counts them together. It writes nothing but the
demo's results programme."""
