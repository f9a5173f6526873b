// @usesync/report: pure renderers (sync report, error report, S/MIME transaction report, certificate
// zip, semi-automatic CSV, WatchDog report). Data in, text/bytes out: no I/O, no clock.
export { type CertificatesZipOptions, certificateFileName, certificatesZip } from './certificates-zip.js';
export { type ErrorReportFile, type ErrorReportInput, renderErrorReport } from './error-report.js';
export {
  type ExpiringCertificate,
  type Forecast,
  type ForecastWeek,
  forecastExpiries,
  renderForecastSvg,
  renderForecastText,
} from './forecast.js';
export { HTML_ROW_LIMIT, type RenderedReport } from './rendered.js';
export { renderRuleFile, ruleFileName } from './rule-file.js';
export {
  escapeCell,
  parseSemiAutoCsv,
  renderSemiAutoCsv,
  SEMI_AUTO_COLUMNS,
  SEMI_AUTO_DELIMITER,
  SemiAutoCodes,
  type SemiAutoRow,
  semiAutoRows,
  unescapeCell,
} from './semi-auto-csv.js';
export { renderSmimeReport, type SmimeReportInput } from './smime-report.js';
export { PREFIX_MEANINGS, type ReportFiles, renderSyncReport, type SyncReportInput } from './sync-report.js';
export { renderWatchdogReport, type WatchdogReportInput, type WatchdogSettings } from './watchdog-report.js';
