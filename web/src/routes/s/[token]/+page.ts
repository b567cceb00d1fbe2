// The public page of a share link: no session, no signed-in layout. The page
// itself asks the share function (a password prompt may come first).
export const ssr = false;
export const prerender = false;

export const load = ({ params }: { params: { token: string } }) => ({ token: params.token });
