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
} from './sharing.service.ts';
export { sharingRepository, type SharingProvisionRow } from './sharing.repository.ts';
