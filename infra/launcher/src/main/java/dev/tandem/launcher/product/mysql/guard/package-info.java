/**
 * The MySQL guard: at no moment may clients be able to write to two servers of one shard.
 *
 * <p>Each replicated shard is two MariaDB servers, one writable (the primary) and one replicating
 * from it with semi-synchronous acknowledgement, behind a VIP that keepalived moves. A guard runs
 * beside each server, on the same host, so a network partition puts each guard on its own server's
 * side. The guards decide who the writer is; keepalived only follows them (it holds the VIP where
 * the guard's track file says 0).
 *
 * <h2>Quorum: a leader key, and grants between the two guards</h2>
 *
 * Two servers cannot tell a dead peer from a cut cable; the third vote is ZooKeeper. Each shard has
 * a <em>leader key</em>, an ephemeral znode that holds the writer's name ({@link LeaderKey}).
 * ZooKeeper deletes it only when its holder's session expires, and only a ZooKeeper quorum can hand
 * it to the peer. A writer may stay writable while it holds one of two credentials:
 *
 * <ol>
 *   <li><b>the key, renewed</b>: the guard renews the key every 250 ms with a write, which needs
 *       the quorum's leader; a renewal sent at time T keeps the server writable until T + half the
 *       session timeout (the <em>lease</em>), and ZooKeeper cannot expire the session before T +
 *       the session timeout. Half a session (2 s of 4 s) is the margin.
 *   <li><b>a grant from the peer</b>: the writer's guard asks the peer's guard every 250 ms for a
 *       grant; a grant asked for at time T keeps the writer writable until T + {@code grant} (2 s),
 *       and the peer promises not to promote itself before it received the request + {@code grant}
 *       + {@code margin} (1 s). The peer refuses while it holds the key.
 * </ol>
 *
 * When both have run out, the guard <b>fences</b> its server at once. So a primary cut off from
 * everything fences itself at most 2 s plus one tick (100 ms) after its last contact, and its peer
 * can promote at the earliest 3 s (the grant) or 4 s (the key) after it. The grants are what keep
 * writes going while ZooKeeper has no quorum: nobody can take the key then, and the two servers
 * vouch for each other. What that costs: with ZooKeeper's quorum gone, a shard whose writer dies
 * stays without a writer until ZooKeeper is back (elections freeze, serving goes on).
 *
 * <h2>Fencing without losing or forking anything</h2>
 *
 * {@code SET GLOBAL read_only = 1} stops the application's writes (its account has no SUPER), but
 * MariaDB makes it wait for commits in flight, and a commit waiting for the replica's
 * acknowledgement waits as long as that takes: measured here, it blocked until killed. Such a
 * commit is already in the primary's binlog. So when commits wait for an acknowledgement (or the
 * server does not answer), the guard kills mariadbd and starts it again with {@code
 * init_rpl_role=SLAVE}: crash recovery then rolls those commits back and cuts them from the binlog
 * (MDEV-21117), and the server can later replicate from the new primary without a divergent
 * history. They were never acknowledged to a client (AFTER_SYNC), and every commit that was is on
 * the replica. The semi-sync timeout (5 s) is longer than a fence takes, so an isolated primary
 * never gives up waiting and acknowledges on its own. Without semi-sync (the replica was gone and
 * the primary went on alone), the guard sets read_only instead and restarts with {@code MASTER} if
 * it must kill: InnoDB does not flush a commit record before the client's OK, and measured here a
 * SIGKILL left the last acknowledged commit prepared, which {@code SLAVE} would have cut.
 *
 * <h2>Promotion, rejoin, divergence</h2>
 *
 * A read-only server's guard takes the free key when the peer is not a writer it can see, and
 * promotes its server once the peer cannot take writes: nothing listens on the peer's port, the
 * peer says it is read-only, or the peer has been out of reach for longer than any grant it had. A
 * peer that is writable and reachable is made read-only first. Promotion applies everything
 * received, then takes writes. A server that comes back read-only while the peer holds the key and
 * is writable rejoins it as a replica, starting after its own last transaction; with {@code
 * gtid_strict_mode} the primary refuses a history it does not contain (error 1236). Such a server
 * is <em>diverged</em>: it keeps its data, starts again on loopback only (so the application's
 * replica pools fail over to the VIP) and shows as {@code diverged} in {@code ./tandem status}
 * until {@code ./tandem mysql rejoin NAME --rebuild} clones the primary.
 *
 * <p>What the guard does not cover: a guard that dies leaves its server unguarded. keepalived then
 * drops the VIP (its check script watches the guard's track file), but a primary cut off from its
 * peer while its guard is dead would not fence itself.
 */
package dev.tandem.launcher.product.mysql.guard;
