"""How an epoch's positions are dealt to shards, and where a checkpointed job stands in its epoch.

The service orders the positions of epoch e (a function of the seed and e only, never of the number of
shards) and deals positions ``p, p+1, ..., n-1`` to K shards: shard k takes ``p+k, p+k+K, ...``, cut into
batches of ``batchSize`` (``?numShards=K&from=p``; the generator's own dealing is its ``numShards`` from 0).

If every shard has consumed b batches (DDP ranks step in lockstep), positions ``[p, p + K*b*B)`` are
consumed: that is the global position a checkpoint keeps, and any number of shards can carry on from it.
"""


class Dealing:
    """One dealing of an epoch: ``num_shards`` shards from position ``from_position``.

    ``shards`` is the service's list (``{"shard", "samples", "batches"}`` per shard);
    ``params(k)`` the query of shard k's batches.
    """

    def __init__(self, num_shards, from_position, shards, query_num_shards, own):
        self.num_shards = num_shards
        self.from_position = from_position
        self.shards = shards
        self._query_num_shards = query_num_shards
        self._own = own  # the generator's own dealing: no numShards / from in the query

    def batches(self, shard):
        return int(self.shards[shard]["batches"])

    def samples(self, shard):
        return int(self.shards[shard]["samples"])

    def params(self, shard):
        """The query parameters of shard ``shard``'s batches, as the service names them."""
        if self._own:
            # Only sharded generators take ?shard=k.
            return {"shard": shard} if self.num_shards > 1 else {}
        params = {"shard": shard, "numShards": self._query_num_shards}
        if self.from_position:
            params["from"] = self.from_position
        return params

    def __repr__(self):
        return "<Dealing %d shard(s) from position %d>" % (self.num_shards, self.from_position)


def deal(client, description, num_shards=None, from_position=0):
    """The dealing of ``description``'s generator to ``num_shards`` shards (default: its own numShards) from
    ``from_position`` (default 0), with each shard's batches as the service counts them.

    Near the epoch's end the last shards may have no position left, hence no batch; from the epoch's end
    (``from_position`` = its positions) no shard has one.
    """
    settings = description["settings"]
    own = int(settings["numShards"])
    num_shards = own if num_shards is None else _positive("num_shards", num_shards)
    from_position = int(from_position)
    if num_shards == own and from_position == 0:
        return Dealing(own, 0, description["shards"], own, True)
    shards = client.describe_generator(description["id"], num_shards=num_shards, from_position=from_position)["shards"]
    return Dealing(num_shards, from_position, list(shards), num_shards, False)


def _positive(name, value):
    value = int(value)
    if value < 1:
        raise ValueError("%s must be at least 1, not %d" % (name, value))
    return value


def position(from_position, num_shards, batch_size, batches, samples):
    """The global position after every shard of the dealing (``num_shards`` from ``from_position``) has
    consumed ``batches`` batches of ``batch_size``: ``min(from + K*b*B, samples)``. A shard with fewer
    batches (the epoch's last, uneven ones) has consumed all of its own by then, so the formula holds."""
    return min(from_position + num_shards * batches * batch_size, samples)


def resume_plan(state, world):
    """Where ``world`` shards carry on from ``state`` (epoch, position, and the dealing it was read with):
    ``(epoch, num_shards, from_position, first_batch)``.

    A finished epoch (position = its positions) goes on with the next epoch from 0. The same number of
    shards at a batch boundary of the dealing it was read with continues that dealing at its next batch,
    so the batches (and their MixUp / CutMix pairs) are those of an uninterrupted run. Otherwise the
    rest of the epoch is dealt anew: ``numShards=world, from=position``.
    """
    epoch, pos, n = int(state["epoch"]), int(state["position"]), int(state["samplesPerEpoch"])
    if not 0 <= pos <= n:
        raise ValueError("position %d is outside the epoch's %d positions" % (pos, n))
    if pos == n:
        return epoch + 1, world, 0, 0
    dealt_to, start = state.get("numShards"), int(state.get("from", 0))
    step = world * int(state["batchSize"])
    if dealt_to == world and pos >= start and (pos - start) % step == 0:
        return epoch, world, start, (pos - start) // step
    return epoch, world, pos, 0
