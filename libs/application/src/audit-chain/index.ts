export * from './chain-hash';
export * from './chain-verifier';
