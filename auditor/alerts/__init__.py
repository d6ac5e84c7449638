"""Instant notices of events: a home page down and back up, a column past its deadline, a new
critical problem, a failed run; sent on email, WeCom, DingTalk and JSON webhook channels."""
