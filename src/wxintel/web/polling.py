"""`serve --poll`: the feed poller on a schedule inside the server.

One scheduler job, never run twice at once, ticks every TICK seconds and polls the sources
that are due (each keeps its own interval). Network waits run on the scheduler's thread; the
store work runs on the server's store threads (the ingest as a write, so no read sees it
half done, and readers reopen their stores after it: new posts are searchable, on the board
and in watch alerts when the poll ends). Several server processes on one database still
poll once: the poller's lease lives in the database.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from wxintel.settings import count
from wxintel.subscribe.alerts import after_poll, subject
from wxintel.subscribe.poller import PollReport, PollSettings, moved_note, poll_sources
from wxintel.web.store_threads import StoreThreads

log = logging.getLogger("wxintel.poller")


class ServerPoller:
    """Runs `poll_sources` on a background schedule against the server's store threads."""

    def __init__(self, threads: StoreThreads, settings: PollSettings | None = None) -> None:
        self.threads = threads
        self.settings = settings or PollSettings()
        self.last: PollReport | None = None
        self.scheduler = BackgroundScheduler(timezone=UTC)

    def start(self) -> None:
        tick = count("poll_tick")  # a source's own interval is at least 1m
        self.scheduler.add_job(
            self.poll_once,
            "interval",
            seconds=max(tick, 1),
            next_run_time=datetime.now(UTC),  # the first poll at start, not a tick later
            max_instances=1,
            coalesce=True,
        )
        self.scheduler.start()

    def poll_once(self) -> None:
        try:
            self.last = poll_sources(self._run, self.settings, after_store=after_poll)
        except Exception:  # a poll that breaks must not stop the schedule
            log.exception("poll failed")
            return
        for source in self.last.sources:  # a 301/308: `wxintel poll` says it on its line
            if moved := moved_note(source):
                log.warning("source %s %s", source["name"] or source["url"], moved)
        for post in self.last.webhooks:  # `wxintel poll` exits 7; the server can only say it
            if not post["delivered"]:
                log.warning(
                    "webhook, %s: %s (kept for the next poll)", subject(post), post["webhook"]
                )

    def _run(self, fn: Any, write: bool = False) -> Any:
        return self.threads.run_sync(fn, write=write)

    def stop(self) -> None:
        self.scheduler.shutdown(wait=True)
