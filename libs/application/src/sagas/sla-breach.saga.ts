import { Injectable } from '@nestjs/common';
import { ICommand, IEvent, ofType, Saga } from '@nestjs/cqrs';
import { SlaBreached } from '@caseledger/domain';
import { map, Observable } from 'rxjs';
import { slaAlertEventId } from '../deadlines/sla-alert-id';
import { EscalateBreachedCase } from './escalate-breached-case/escalate-breached-case.command';

export const SAGA_ACTOR = { id: 'sla-breach-saga', role: 'system' };

/** Stored events on the bus may carry their envelope (see the feeds); the id is derivable anyway. */
type MaybeEnveloped<E> = E & { envelope?: { eventId: string; metadata?: { correlationId?: string } } };

/** A breach of a P1 or critical case escalates it to the account's TAM (the handler decides which cases). */
@Injectable()
export class SlaBreachSaga {
  @Saga()
  escalateBreaches = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(SlaBreached),
      map((event) => {
        const breach = event as MaybeEnveloped<SlaBreached>;
        // The watcher writes every breach under the id derived from it, so both agree when both exist.
        const breachEventId = breach.envelope?.eventId ?? slaAlertEventId({ ...breach.data, kind: 'breach' });
        return new EscalateBreachedCase(breach.data, breachEventId, {
          actor: SAGA_ACTOR,
          correlationId: breach.envelope?.metadata?.correlationId ?? breachEventId,
          causationId: breachEventId,
        });
      }),
    );
}
