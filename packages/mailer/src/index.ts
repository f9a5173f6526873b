// @usesync/mailer: Report delivery: SMTP via nodemailer with retry, or an outbox folder of .eml files.
export {};
