import { Injectable } from '@nestjs/common';
import { toParticipantView } from './mappers/participant-view.mapper.js';
import { ParticipantStore } from './ports/participant-store.port.js';
import type { ParticipantView } from './views/participant.view.js';

/** Application service behind `GET /v1/participants`. */
@Injectable()
export class ParticipantDirectoryService {
  constructor(private readonly store: ParticipantStore) {}

  /** Every participant that announced itself, by name. */
  async list(): Promise<ParticipantView[]> {
    return (await this.store.list()).map(toParticipantView);
  }
}
