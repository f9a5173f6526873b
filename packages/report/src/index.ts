// @usesync/report: Pure renderers: sync report, error report, S/MIME transaction report, semi-automatic CSV, WatchDog report.
export {};
