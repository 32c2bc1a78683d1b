"""Facilitator and programme-manager screens. Every view first checks who may see it: the
group list and creation need the facilitator or manager role; everything about one group
answers 404 unless ``groups_visible_to`` lets the user see that group (someone else's group is
indistinguishable from a missing one). The work itself is done by services and selectors.

One module per screen family; ``access`` holds the decorators every view starts with and
``lookups`` what several of them read about a group."""
