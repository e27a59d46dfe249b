/** The client-go analog in one import: REST client, informers, listers, work queue, expectations, leader election. */
export { Client, ResourceClient, errorFromResponse } from './client';
export * from './options';
export * from './paths';
export * from './indexer';
export { Reflector, REFLECTOR_BACKOFF_INITIAL_MS, REFLECTOR_BACKOFF_MAX_MS, type ListerWatcher, type ReflectorSink, type ReflectorOptions } from './reflector';
export { SharedInformer, isTombstone, objectOfDelete, type DeletedFinalStateUnknown, type EventHandler, type InformerOptions } from './informer';
export * from './rate-limiter';
export { WorkQueue, DEFAULT_MAX_QUEUE_LENGTH, type WorkQueueOptions } from './workqueue';
export * from './expectations';
export * from './leader-election';
