"""Cobalt's host-side test harness (library half of tests/run.py).

Owns nothing itself: each module has one job, named at its top. Test cases import
`harness.registry` (case, Fail); everything else is used through the `t` object a case gets.
"""
