export { FieldCipher, KeyWrapper, SubjectKeyDestroyedError, DecryptionError, FIELD_FORMAT_V1, type KekSecrets, type FieldCipherOptions } from './envelope.ts';
export { blindIndex, blindIndexer, normalizeForIndex, pseudonym } from './blind-index.ts';
export { rotateSubjectKeys, type RotationResult } from './rotate.ts';
