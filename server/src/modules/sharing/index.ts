export {
  SharingService,
  SHARING_PROBLEMS,
  LEGAL_BASES,
  STATUTORY_GROUNDS,
  type LegalBasis,
  type StatutoryGround,
  type RecipientDeclaration,
  type ProvideRequest,
  type Provision,
  type InboundDeclaration,
  type AuthorisationGuard,
  type ReceiveRequest,
  type Authorisation,
  type Receipt,
  PRC,
} from './sharing.service.ts';
export { sharingRepository, type SharingProvisionRow, type CrossBorderConsentRow } from './sharing.repository.ts';
