// Any other address of a signed-in visitor: "not found", inside the app's shell.
import { error } from '@sveltejs/kit';

export const load = () => {
  error(404, 'There is no page at this address.');
};
