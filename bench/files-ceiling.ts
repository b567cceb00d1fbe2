// The ceiling for bench/files: the plainest streaming HTTP server Deno can
// be. PUT pipes the request body to a file, GET pipes the file back.
//   deno run -A bench/files-ceiling.ts <port> <dir>
const [port, dir] = Deno.args;
Deno.serve({ port: Number(port), hostname: "127.0.0.1", onListen: () => console.log("ready") }, async (req) => {
  const path = `${dir}/${new URL(req.url).pathname.replace(/[^a-z0-9]/gi, "_")}`;
  if (req.method === "PUT") {
    const file = await Deno.open(path, { write: true, create: true, truncate: true });
    await req.body!.pipeTo(file.writable);
    return new Response("ok");
  }
  const file = await Deno.open(path, { read: true });
  const { size } = await file.stat();
  return new Response(file.readable, { headers: { "content-length": String(size) } });
});
