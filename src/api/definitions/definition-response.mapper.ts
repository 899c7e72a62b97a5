import type { DefinitionView } from '../../orchestration/views/definition.view.js';
import type { DefinitionResponse } from './definition.schemas.js';

/**
 * The API's definition resource: the stored document (its JSON form, defaults filled in) and
 * when it was registered. The document is answered once, not also field by field beside it.
 */
export function toDefinitionResponse(definition: DefinitionView): DefinitionResponse {
  return { ...(definition.json as Omit<DefinitionResponse, 'createdAt'>), createdAt: definition.createdAt };
}
