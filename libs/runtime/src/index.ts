export * from './tokens';
export * from './checkpoints/checkpoint-store';
export * from './locks/exclusive-lock';
export * from './reactor/reaction';
export * from './reactor/reactor';
export * from './reactor/reactor-host';
