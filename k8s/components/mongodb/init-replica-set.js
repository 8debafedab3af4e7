// Run by the mongo-init-replica-set Job with `mongosh --nodb`: initiate the replica set
// (once), wait for a primary, then create lifecue's user or reset its password (rotation).
const env = process.env;
const members = env.MONGO_MEMBERS.split(",");
const cred = (user, password) => `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
const admin = (host) =>
  new Mongo(`mongodb://${cred(env.MONGO_ADMIN_USER, env.MONGO_ADMIN_PASSWORD)}@${host}/admin?directConnection=true&authSource=admin`).getDB("admin");

function connectFirst() {
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      return admin(members[0]);
    } catch (e) {
      print(`waiting for ${members[0]}: ${e.message}`);
      sleep(5000);
    }
  }
  throw new Error(`${members[0]} did not answer`);
}

function status(db) {
  try {
    return db.runCommand({ replSetGetStatus: 1 });
  } catch (e) {
    return { ok: 0, code: e.code, errmsg: e.message };
  }
}

const first = connectFirst();
let state = status(first);
if (state.ok !== 1 && state.code === 94) { // NotYetInitialized
  const config = { _id: env.MONGO_REPLICA_SET, members: members.map((host, i) => ({ _id: i, host, priority: i === 0 ? 2 : 1 })) };
  printjson(first.runCommand({ replSetInitiate: config }));
}

let primary = null;
for (let attempt = 0; attempt < 120 && !primary; attempt++) {
  state = status(first);
  const found = state.ok === 1 ? state.members.find((m) => m.stateStr === "PRIMARY") : undefined;
  if (found) primary = found.name;
  else sleep(2000);
}
if (!primary) {
  printjson(state);
  quit(1);
}

const lifecue = admin(primary).getSiblingDB(env.LIFECUE_DB);
const roles = [{ role: "readWrite", db: env.LIFECUE_DB }, { role: "dbAdmin", db: env.LIFECUE_DB }];
if (lifecue.getUser(env.LIFECUE_DB_USER)) {
  lifecue.updateUser(env.LIFECUE_DB_USER, { pwd: env.LIFECUE_DB_PASSWORD, roles });
} else {
  lifecue.createUser({ user: env.LIFECUE_DB_USER, pwd: env.LIFECUE_DB_PASSWORD, roles });
}
print(`replica set ${env.MONGO_REPLICA_SET} ready, primary ${primary}; user ${env.LIFECUE_DB_USER} on ${env.LIFECUE_DB}`);
