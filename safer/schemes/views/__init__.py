"""Scheme pages: members' (members.py) and administrators' (manage.py)."""
