import type { SimProduct } from './state.js';

/** The `Product` JSON of a simulated product (every flag the schema requires, all off but mailbox validation). */
export function renderProduct(p: SimProduct): Record<string, unknown> {
  const no = false;
  return {
    uuid: p.uuid,
    name: p.name,
    productName: p.name,
    productDescription:
      p.kind === 'personal' ? 'S/MIME for a named person' : 'S/MIME for a mailbox (e-mail only)',
    keyGenerationType: 'PKCS10',
    keyType: 'RSA_2048',
    issuanceNotification: no,
    revocationNotification: no,
    authorization: no,
    renewalRule: no,
    publishCertificate: no,
    clientPublishCertificateOverride: no,
    clientPublishCertificateOverrideDefault: no,
    allowAdditionalIssuanceNotificationRecipients: no,
    allowAdditionalRevocationNotificationRecipients: no,
    allowAdditionalRenewalNotificationRecipients: no,
    allowAdditionalAuthorizationNotificationRecipients: no,
    allowAdditionalAuthorizationAcceptedNotificationRecipients: no,
    allowAdditionalAuthorizationRejectedNotificationRecipients: no,
    isCABDNSValidationRequired: no,
    allowAdditionalCABDNSNotificationRecipients: no,
    isCABDNSEmailLinkValidationRequired: no,
    isEmailBoxValidationRequired: p.kind === 'team',
    requiresRegistrationDocuments: no,
    requiresRegistrationDocumentsOnRegister: no,
    allowRegistrationDocumentsPDF: no,
    allowRegistrationDocumentsJPG: no,
    isGenerateRevocationCode: no,
    productValidity: { validityType: 'DAYS', validity: p.validityDays, validityOptions: [p.validityDays] },
  };
}
