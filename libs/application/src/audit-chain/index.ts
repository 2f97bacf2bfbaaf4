export * from './chain-hash';
export * from './chain-verifier';
export * from './verify-store-chains';
export * from './audit-export';
export * from './verify-export';
