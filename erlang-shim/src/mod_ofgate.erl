%%%----------------------------------------------------------------------
%%% File    : mod_ofgate.erl
%%% Purpose : Forward user activity to ofgate over HTTP, and lock accounts reversibly
%%%           (Openfire's lockout; 23.01's ban_account destroys the password).
%%% Target  : ejabberd 23.01 (Debian), OTP 25
%%% Refs    : erlang-shim/README.md (options, hooks and seqs, payload, commands);
%%%           hooks/events.ts, hooks/decode.ts (the TypeScript side of the payload)
%%% Hook handlers encode the event where the hook runs and insert it into the host's ordered
%%% ETS table (the queue, bounded: past queue_max the oldest is dropped and counted); they
%%% return the accumulator and never block. The per-host poster posts the oldest events (one
%%% batch in flight, at most every post_interval) with httpc and deletes them on a 2xx, retrying
%%% with back-off: events arrive in order and none is lost while ofgate is down or slow.
%%% Only the events ofgate says it reads are built at all (ofgate_hook_interest, its answers).
%%%----------------------------------------------------------------------
-module(mod_ofgate).
-behaviour(gen_mod).
-behaviour(gen_server).

%% gen_mod callbacks
-export([start/2, stop/1, reload/3, depends/2, mod_opt_type/1, mod_options/1, mod_doc/0]).
%% gen_server callbacks
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, code_change/3]).
%% hooks
-export([user_send_packet/1, user_receive_packet/1, offline_message_hook/1,
         set_presence_hook/4, unset_presence_hook/4,
         sm_register_connection_hook/3, sm_remove_connection_hook/3,
         join_room/4, leave_room/4, register_user/2, remove_user/2, c2s_auth_result/3]).
%% ejabberd commands
-export([get_commands_spec/0, stats/1, lock_user/3, unlock_user/2, is_locked/2,
         hook_interest/2, forwarded_events/1]).

-include("logger.hrl").
-include("xmpp.hrl").
-include("ejabberd_commands.hrl").
-include("translate.hrl").

-record(ofgate_lock, {us :: {binary(), binary()}, reason = <<>> :: binary(), since = 0 :: integer()}).

-define(EVENTS, [session_opened, session_closed, presence_set, presence_unset, message_sent,
                 message_received, message_offline, muc_join, muc_leave, user_registered, user_removed]).
-define(NS_JIVE_PROPS, <<"http://www.jivesoftware.com/xmlns/xmpp/properties">>).
-define(DROP_WARN_EVERY_MS, 10000).
-define(MAX_NICKS, 10000).
-define(MAX_BATCH_BYTES, 1048576).          % per POST (at least one event), far under ofgate's 20 MiB
-define(C_ENQUEUED, 1).                     % counters in #hostq.counters
-define(C_DROPPED, 2).

%% What the hooks need on a host, read from persistent_term (no copy), written at start/reload.
-record(hostq, {host :: binary(), boot :: binary(), tab :: ets:tid(), nicks :: ets:tid(), proc :: atom(),
                counters :: counters:counters_ref(), awake :: atomics:atomics_ref(),
                events = #{} :: #{atom() => true}, queue_max = 0 :: non_neg_integer(),
                %% message kinds ofgate reads only some of: forwarded when one selector matches
                selectors = #{} :: #{atom() => [selector()]}}).
%% {Type | any, compiled `to' pattern on the receiver's bare JID | any, sender's group | any}
-type selector() :: {atom(), any | {re_pattern, _, _, _, _}, any | binary()}.
-define(MESSAGE_EVENTS, [message_sent, message_received, message_offline]).

%%%=== gen_mod ==========================================================
start(Host, Opts) ->
    {ok, _} = application:ensure_all_started(inets),
    ejabberd_mnesia:create(?MODULE, ofgate_lock,
                           [{disc_copies, [node()]}, {attributes, record_info(fields, ofgate_lock)}]),
    case gen_mod:start_child(?MODULE, Host, Opts) of
        {ok, Pid} ->
            %% /1, not /2: 23.01's unregister_commands/1 deletes the exact records, and /2 would
            %% store them with definer = ?MODULE, so stop/1 could not remove them.
            ejabberd_commands:register_commands(get_commands_spec()),
            [ejabberd_hooks:add(Hook, Host, ?MODULE, Hook, Seq) || {Hook, Seq} <- hooks()],
            {ok, Pid};
        Err -> Err
    end.

stop(Host) ->
    [ejabberd_hooks:delete(Hook, Host, ?MODULE, Hook, Seq) || {Hook, Seq} <- hooks()],
    gen_mod:is_loaded_elsewhere(Host, ?MODULE) orelse
        ejabberd_commands:unregister_commands(get_commands_spec()),
    gen_mod:stop_child(?MODULE, Host).

%% New options reach the running gen_server: the queue survives a reload_config.
reload(Host, NewOpts, _OldOpts) -> gen_server:cast(proc(Host), {reload, NewOpts}).

depends(_Host, _Opts) -> [].

%% The one list folded over by start/2 and stop/1: {Hook, Seq}, handler named as the hook.
hooks() ->
    [{user_send_packet, 100}, {user_receive_packet, 100},
     {offline_message_hook, 60},                 % after mod_offline (50): sees `offlined'
     {set_presence_hook, 100}, {unset_presence_hook, 100},
     {sm_register_connection_hook, 100}, {sm_remove_connection_hook, 100},
     {join_room, 100}, {leave_room, 100}, {register_user, 100}, {remove_user, 100},
     {c2s_auth_result, 40}].                     % before ejabberd_c2s logs the success (100)

%% `url' is a plain binary, checked when used: a bad URL must never keep ejabberd from starting.
mod_opt_type(url) -> econf:binary();
mod_opt_type(secret) -> econf:binary();
mod_opt_type(events) -> econf:list(econf:enum(?EVENTS), [unique]);
mod_opt_type(batch_size) -> econf:pos_int();
mod_opt_type(post_interval) -> econf:timeout(millisecond);
mod_opt_type(queue_max) -> econf:pos_int();
mod_opt_type(timeout) -> econf:timeout(millisecond);
mod_opt_type(retry_min) -> econf:timeout(millisecond);
mod_opt_type(retry_max) -> econf:timeout(millisecond).

mod_options(_Host) ->
    [{url, <<"http://127.0.0.1:7070/hooks/events">>}, {secret, <<"">>}, {events, ?EVENTS},
     {batch_size, 2000}, {post_interval, 50}, {queue_max, 100000}, {timeout, 5000}, {retry_min, 500}, {retry_max, 30000}].

mod_doc() ->
    Opts = [{url, ?T("URL"), ?T("Where events are POSTed. Default: http://127.0.0.1:7070/hooks/events")},
            {secret, ?T("Text"), ?T("Shared secret, sent in X-Ofgate-Secret; it also keys the HMAC-SHA256 "
                                    "of the body sent in X-Ofgate-Signature (sha256=<hex>). Required by ofgate.")},
            {events, ?T("[Name]"), ?T("Events that may be forwarded; of these, only the ones ofgate says it "
                                      "reads are built and posted. Default: all of them.")},
            {batch_size, ?T("Number"), ?T("Most events in one POST (and at most 1 MiB of them). Default: 2000")},
            {post_interval, "timeout()", ?T("Least time between the starts of two POSTs: events meanwhile "
                                            "join the next batch. Default: 50 ms")},
            {queue_max, ?T("Number"), ?T("Most events waiting (in flight included); past it the oldest are "
                                         "dropped, counted and logged. Default: 100000")},
            {timeout, "timeout()", ?T("HTTP timeout of a POST. Default: 5 seconds")},
            {retry_min, "timeout()", ?T("First retry delay, doubled up to retry_max. Default: 500 ms")},
            {retry_max, "timeout()", ?T("Longest retry delay. Default: 30 seconds")}],
    #{desc => [?T("Forwards user activity to ofgate as ordered, retried batches of JSON events, and "
                  "locks accounts reversibly (ofgate_lock_user, ofgate_unlock_user, ofgate_is_locked; "
                  "ofgate_hook_interest and ofgate_forwarded_events for what is forwarded; "
                  "queue counters with ofgate_shim_stats). See erlang-shim/README.md in ofgate.")],
      opts => [{Name, #{value => Value, desc => Desc}} || {Name, Value, Desc} <- Opts],
      example => ["modules:", "  mod_ofgate:", "    url: \"http://127.0.0.1:7070/hooks/events\"",
                  "    secret: \"a long random string\""]}.

%%%=== hooks: observe, enqueue, return the accumulator unchanged ======
user_send_packet({#message{} = Msg, #{lserver := Host}} = Acc) ->
    forward(Host, message_sent, Msg, fun() -> message(Msg) end),
    Acc;
user_send_packet({#presence{type = available, to = #jid{lresource = Nick} = To},
                  #{lserver := Host, jid := From}} = Acc) when Nick /= <<"">>, To#jid.lserver /= Host ->
    %% Maybe a MUC join: remember the nick for muc_join (join_room does not carry it).
    remember_nick(Host, full(From), bare(To), Nick),
    Acc;
user_send_packet({#presence{type = unavailable, to = #jid{lresource = Nick} = To, status = Status},
                  #{lserver := Host, jid := From}} = Acc) when Nick /= <<"">>, To#jid.lserver /= Host ->
    %% Maybe a MUC leave: keep its status text for muc_leave (leave_room does not carry it;
    %% "Clean Exit" tells a finished chat from a dropped one).
    remember_leave_status(Host, full(From), bare(To), xmpp:get_text(Status)),
    Acc;
user_send_packet(Acc) -> Acc.

%% Only messages from other servers: a local sender already produced message_sent, and a
%% groupchat reflection would repeat it once per occupant.
user_receive_packet({#message{from = #jid{lserver = Host}}, #{lserver := Host}} = Acc) ->
    Acc;                                        % the common case, decided before any lookup
user_receive_packet({#message{from = #jid{lserver = FromHost}} = Msg, #{lserver := Host}} = Acc) ->
    forward(Host, message_received, Msg,
            fun() -> case ejabberd_router:is_my_route(FromHost) of true -> skip; false -> message(Msg) end end),
    Acc;
user_receive_packet(Acc) -> Acc.

offline_message_hook({Action, #message{to = #jid{lserver = Host}} = Msg} = Acc) ->
    forward(Host, message_offline, Msg, fun() -> with(message(Msg), [{action, action(Action)}]) end),
    Acc;
offline_message_hook(Acc) -> Acc.

set_presence_hook(User, Server, Resource, #presence{show = Show, status = Status, priority = Prio}) ->
    forward(jid:nameprep(Server), presence_set,
            fun() -> with(who(jid:make(User, Server, Resource)),
                          [{show, if Show == undefined -> available; true -> Show end},
                           {status, xmpp:get_text(Status)},
                           {priority, if is_integer(Prio) -> Prio; true -> 0 end}])
            end).

unset_presence_hook(User, Server, Resource, Status) ->
    forward(jid:nameprep(Server), presence_unset,
            fun() -> with(who(jid:make(User, Server, Resource)), [{status, Status}]) end).

sm_register_connection_hook(_SID, #jid{lserver = Host} = JID, _Info) ->
    forward(Host, session_opened, fun() -> who(JID) end).

sm_remove_connection_hook(_SID, #jid{lserver = Host} = JID, _Info) ->
    forward(Host, session_closed, fun() -> who(JID) end).

join_room(ServerHost, Room, MucHost, JID) ->
    forward(ServerHost, muc_join, fun() -> occupant(ServerHost, JID, bare(jid:make(Room, MucHost)), keep) end).

leave_room(ServerHost, Room, MucHost, JID) ->
    forward(ServerHost, muc_leave, fun() -> occupant(ServerHost, JID, bare(jid:make(Room, MucHost)), forget) end).

register_user(User, Server) ->
    forward(jid:nameprep(Server), user_registered, fun() -> [{jid, bare(jid:make(User, Server))}] end).

remove_user(User, Server) ->
    forward(jid:nameprep(Server), user_removed, fun() -> [{jid, bare(jid:make(User, Server))}] end).

%% Runs after every successful SASL exchange (SCRAM, PLAIN, X-OAUTH2 alike). A locked account
%% gets <failure><account-disabled/> and a closed stream, so <success/> is never sent.
%% If the lookup itself fails, the login goes on (logged).
c2s_auth_result(#{lserver := Host} = State, true, User) ->
    try mnesia:dirty_read(ofgate_lock, {jid:nodeprep(User), Host}) of
        [] -> State;
        [_] ->
            ?WARNING_MSG("mod_ofgate: refused login of locked account ~ts@~ts", [User, Host]),
            Lang = maps:get(lang, State, <<"en">>),
            Text = <<"Account is locked">>,
            State1 = ejabberd_c2s:send(State, #sasl_failure{reason = 'account-disabled',
                                                            text = xmpp:mk_text(Text, Lang)}),
            {stop, ejabberd_c2s:send(State1, xmpp:serr_not_authorized(Text, Lang))}
    catch Class:Reason ->
            ?ERROR_MSG("mod_ofgate: lock check failed for ~ts@~ts: ~p", [User, Host, {Class, Reason}]),
            State
    end;
c2s_auth_result(State, _Result, _User) -> State.

%%%=== the hook side of the queue: encode once, insert, wake the poster only when it sleeps
%% Runs in the process that ran the hook (c2s, room, API call). No message per event: the
%% event is encoded here and inserted into the host's ordered table, keyed by a strictly
%% monotonic integer, so the table is the FIFO (in order per process, so per user).
forward(Host, Event, Build) -> forward(Host, Event, none, Build).

%% A message of a kind with selectors is built only when one of them matches it.
forward(Host, Event, Msg, Build) ->
    try persistent_term:get({?MODULE, Host}, undefined) of
        #hostq{events = #{Event := _}, selectors = Selectors} = Q ->
            case selected(maps:get(Event, Selectors, all), Msg) andalso Build() of
                false -> ok;
                skip -> ok;
                Fields -> enqueue(Q, Event, Fields)
            end;
        _ -> ok                                 % not loaded on this host, or event not wanted
    catch Class:Reason:Stack ->
            ?ERROR_MSG("mod_ofgate: ~ts event not queued: ~p", [Event, {Class, Reason, Stack}])
    end,
    ok.

selected(all, _) -> true;
selected(Selectors, #message{} = Msg) -> lists:any(fun(S) -> matches(S, Msg) end, Selectors);
selected(_, _) -> true.

%% Cheapest test first; the group (a shared roster lookup) only for what passed the others.
matches({Type, To, Group}, #message{type = T, to = #jid{luser = RU, lserver = RS}, from = From}) ->
    (Type == any orelse Type == T)
        andalso (To == any orelse re:run(<<RU/binary, "@", RS/binary>>, To, [{capture, none}]) == match)
        andalso (Group == any orelse in_group(From, Group)).

in_group(#jid{luser = U, lserver = S}, Group) ->
    try mod_shared_roster:is_user_in_group({U, S}, Group, S) == true
    catch _:_ -> false                          % mod_shared_roster not loaded: no member
    end.

enqueue(#hostq{host = Host, boot = Boot, tab = Tab, counters = C, queue_max = Max} = Q, Event, Fields) ->
    Seq = erlang:unique_integer([monotonic, positive]),
    Id = <<Host/binary, "-", Boot/binary, "-", (integer_to_binary(Seq))/binary>>,
    %% jiffy answers iodata for large output: kept as one binary (off-heap, not copied by ETS).
    Json = iolist_to_binary(jiffy:encode({[{v, 1}, {id, Id}, {event, Event}, {host, Host},
                                           {ts, erlang:system_time(millisecond)} | Fields]}, [force_utf8])),
    true = ets:insert(Tab, {Seq, Json}),
    counters:add(C, ?C_ENQUEUED, 1),
    ets:info(Tab, size) > Max andalso drop_oldest(Tab, C),
    wake(Q).

%% Past queue_max, the oldest waiting event goes (ets:take: one dropper per event).
drop_oldest(Tab, C) ->
    case ets:first(Tab) of
        '$end_of_table' -> ok;
        Oldest ->
            case ets:take(Tab, Oldest) of
                [_] -> counters:add(C, ?C_DROPPED, 1);
                [] -> ok
            end
    end.

%% The poster sets `awake' to 0 only when it found the table empty; the first event after
%% that wakes it, every later one only inserts.
wake(#hostq{awake = A, proc = Proc}) ->
    case atomics:compare_exchange(A, 1, 0, 1) of
        ok -> Proc ! wake, ok;
        _ -> ok
    end.

remember_nick(Host, Occupant, Room, Nick) ->
    try persistent_term:get({?MODULE, Host}, undefined) of
        #hostq{events = #{muc_join := _}, nicks = Nicks} ->
            ets:info(Nicks, size) >= ?MAX_NICKS andalso ets:delete_all_objects(Nicks),
            ets:insert(Nicks, {{Occupant, Room}, Nick});
        _ -> ok
    catch Class:Reason ->
            ?ERROR_MSG("mod_ofgate: room nick not kept: ~p", [{Class, Reason}])
    end.

remember_leave_status(Host, Occupant, Room, Text) ->
    try persistent_term:get({?MODULE, Host}, undefined) of
        #hostq{events = #{muc_leave := _}, nicks = Nicks} ->
            ets:info(Nicks, size) >= ?MAX_NICKS andalso ets:delete_all_objects(Nicks),
            ets:insert(Nicks, {{leave_status, Occupant, Room}, Text});
        _ -> ok
    catch Class:Reason ->
            ?ERROR_MSG("mod_ofgate: room leave status not kept: ~p", [{Class, Reason}])
    end.

occupant(Host, JID, Room, Then) ->
    Fields = with(who(JID), [{room, Room}]),
    case persistent_term:get({?MODULE, Host}, undefined) of
        #hostq{nicks = Nicks} ->
            Key = {full(JID), Room},
            Found = case Then of keep -> ets:lookup(Nicks, Key); forget -> ets:take(Nicks, Key) end,
            WithNick = case Found of [{_, Nick}] -> Fields ++ [{nick, Nick}]; [] -> Fields end,
            case Then of
                keep -> WithNick;
                forget ->
                    case ets:take(Nicks, {leave_status, full(JID), Room}) of
                        [{_, Status}] -> WithNick ++ [{status, Status}];
                        [] -> WithNick
                    end
            end;
        _ -> Fields
    end.

%%%=== event fields: only what ofgate needs, never credentials or c2s state
%% Receipts, markers and the like (no body, chat state or data) are skipped before anything
%% is encoded.
message(#message{type = error}) -> skip;
message(#message{from = From, to = To, type = Type, id = Id, body = Body, thread = Thread, sub_els = Els}) ->
    {ChatState, Data} = extras(Els, <<"">>, <<"">>),
    case xmpp:get_text(Body) of
        <<"">> when ChatState == <<"">>, Data == <<"">> -> skip;
        Text ->
            T = case Thread of #message_thread{data = D} -> D; _ -> <<"">> end,
            [{from, jid:encode(From)}, {to, jid:encode(To)}, {type, Type}
             | [KV || {_, V} = KV <- [{msg_id, Id}, {body, Text}, {thread, T}, {chat_state, ChatState},
                                      {data, Data}], V /= <<"">>]]
    end.

%% One pass over the children: the chat state's name, and the Jive `data' property
%% (Openfire/Fastpath clients carry an opaque one).
extras([], State, Data) -> {State, Data};
extras([El | Els], State, Data) ->
    case xmpp:get_ns(El) of
        ?NS_CHATSTATES when State == <<"">> -> extras(Els, name(El), Data);
        ?NS_JIVE_PROPS when Data == <<"">> -> extras(Els, State, jive_data(xml(El)));
        _ -> extras(Els, State, Data)
    end.

xml(#xmlel{} = El) -> El;
xml(El) -> xmpp:encode(El).
name(El) -> #xmlel{name = N} = xml(El), N.

jive_data(#xmlel{children = Props}) ->
    hd([fxml:get_path_s(P, [{elem, <<"value">>}, cdata])
        || #xmlel{name = <<"property">>} = P <- Props,
           fxml:get_path_s(P, [{elem, <<"name">>}, cdata]) == <<"data">>] ++ [<<"">>]).

action(A) when is_atom(A) -> A;                 % offlined (mod_offline), archived (mod_mam), bounce
action(_) -> other.
who(#jid{} = J) -> {U, S, R} = jid:tolower(J), [{jid, jid:encode({U, S, <<"">>})}, {resource, R}].
bare(#jid{} = J) -> {U, S, _} = jid:tolower(J), jid:encode({U, S, <<"">>}).
full(#jid{} = J) -> jid:encode(jid:tolower(J)).
with(skip, _) -> skip;
with(Fields, More) -> Fields ++ More.
proc(Host) -> gen_mod:get_module_proc(Host, ?MODULE).
opt(Name, #{opts := Opts}) -> gen_mod:get_opt(Name, Opts).

%%%=== gen_server: posts the table's oldest events, one batch in flight, back-off on failure
%% The table (ordered_set, public, owned here) is the queue. A batch stays in it until ofgate
%% answers 2xx, so a failed POST needs no requeueing and a retry resends the same events.
init([Host, StartOpts]) ->
    process_flag(trap_exit, true),
    %% A restarted poster takes the options of the last reload, not those it was first started with.
    Opts = try gen_mod:get_module_opts(Host, ?MODULE) catch _:_ -> StartOpts end,
    check_opts(Host, Opts),
    Tab = ets:new(mod_ofgate_queue, [ordered_set, public]),
    Nicks = ets:new(mod_ofgate_nicks, [set, public, {write_concurrency, true}, {read_concurrency, true}]),
    Q = #hostq{host = Host, tab = Tab, nicks = Nicks, proc = proc(Host),
               counters = counters:new(2, [write_concurrency]), awake = atomics:new(1, []),
               %% ids stay unique across restarts: host + start time (µs, base 36) + counter
               boot = integer_to_binary(erlang:system_time(microsecond), 36)},
    S = #{host => Host, opts => Opts, q => Q, wanted => all, selectors => #{}, flight => none, timer => none, pace => none,
           last_post => erlang:monotonic_time(millisecond) - 3600000, delay => 0,
           dropped_warned => 0, warned_at => undefined, sent => 0, retries => 0, posts => 0},
    {ok, publish(S)}.

%% What the hooks read, without copying, from persistent_term. Written only when it changes
%% (start, reload, a new interest from ofgate): each put makes the VM scan its processes.
%% Forwarded: the configured `events' that ofgate said it consumes (all of them until it says).
publish(#{q := Q, opts := Opts, wanted := Wanted, selectors := Selectors} = S) ->
    Events = maps:from_keys([E || E <- gen_mod:get_opt(events, Opts), Wanted == all orelse lists:member(E, Wanted)], true),
    New = Q#hostq{events = Events, queue_max = gen_mod:get_opt(queue_max, Opts),
                  selectors = maps:filter(fun(E, _) -> maps:is_key(E, Events) end, Selectors)},
    persistent_term:get({?MODULE, Q#hostq.host}, undefined) == New orelse persistent_term:put({?MODULE, Q#hostq.host}, New),
    S.

forwarded(#{host := Host}) ->
    case persistent_term:get({?MODULE, Host}, undefined) of
        #hostq{events = Events} -> [E || E <- ?EVENTS, maps:is_key(E, Events)];
        _ -> []
    end.

%% ofgate's 2xx answer names the events it consumes, {"wanted":["presence_set",...]}, and may
%% narrow message kinds: "selectors":{"message_sent":[{"type":"chat","to":"^visitor\\.[0-9]..."}]}.
interest(Body) ->
    try jiffy:decode(Body, [return_maps]) of
        #{<<"wanted">> := Names} = Answer when is_list(Names) ->
            {[E || E <- ?EVENTS, lists:member(atom_to_binary(E), Names)],
             selectors(maps:get(<<"selectors">>, Answer, #{}))};
        _ -> none
    catch _:_ -> none
    end.

%% A kind whose selectors cannot all be read is forwarded whole (ofgate filters again): an
%% event ofgate wants is never left out because of a pattern the shim could not compile.
selectors(Map) when is_map(Map) ->
    maps:from_list([{E, Compiled} || E <- ?MESSAGE_EVENTS,
                                     List <- [maps:get(atom_to_binary(E), Map, none)], is_list(List), List /= [],
                                     Compiled <- [catch [selector(Sel) || Sel <- List]], is_list(Compiled)]);
selectors(_) -> #{}.

selector(Sel) when is_map(Sel) ->
    Type = case maps:get(<<"type">>, Sel, any) of
               any -> any;
               T when T == <<"chat">>; T == <<"groupchat">>; T == <<"normal">>; T == <<"headline">> -> binary_to_atom(T)
           end,
    To = case maps:get(<<"to">>, Sel, any) of
             any -> any;
             Re when is_binary(Re) -> {ok, MP} = re:compile(Re, [unicode]), MP
         end,
    Group = case maps:get(<<"from_group">>, Sel, any) of
                any -> any;
                G when is_binary(G), G /= <<"">> -> G
            end,
    {Type, To, Group}.

want(none, S) -> S;
want({Wanted, Selectors}, S) -> publish(S#{wanted := Wanted, selectors := Selectors}).

handle_call(stats, _From, #{q := #hostq{counters = C}} = S) ->
    {reply, {queued(S), counters:get(C, ?C_ENQUEUED), maps:get(sent, S), counters:get(C, ?C_DROPPED),
             maps:get(retries, S), maps:get(posts, S)}, S};
handle_call({interest, Interest}, _From, S) ->
    S1 = want(Interest, S),
    {reply, forwarded(S1), S1};
handle_call(forwarded, _From, S) -> {reply, forwarded(S), S};
handle_call(_Request, _From, S) -> {reply, {error, badarg}, S}.

handle_cast({reload, Opts}, #{host := Host, q := #hostq{tab = Tab, counters = C}} = S) ->
    check_opts(Host, Opts),
    S1 = publish(S#{opts := Opts}),
    [drop_oldest(Tab, C) || _ <- lists:seq(1, max(0, ets:info(Tab, size) - gen_mod:get_opt(queue_max, Opts)))],
    {noreply, send_next(S1)};
handle_cast(_Msg, S) -> {noreply, S}.

handle_info(wake, S) -> {noreply, send_next(S)};
handle_info({http, {Ref, Result}}, #{flight := {Ref, _}} = S) -> {noreply, posted(Result, S)};
handle_info({watchdog, Ref}, #{flight := {Ref, _}} = S) ->
    httpc:cancel_request(Ref),
    {noreply, failed(watchdog_timeout, S)};
handle_info(retry, S) -> {noreply, send_next(S#{timer := none})};
handle_info(pace, S) -> {noreply, send_next(S#{pace := none})};
handle_info(_Info, S) -> {noreply, S}.

terminate(_Reason, #{host := Host, q := #hostq{tab = Tab}} = S) ->
    %% Hooks stop queueing at once; a restarted poster publishes its own table.
    case persistent_term:get({?MODULE, Host}, undefined) of
        #hostq{tab = Tab} -> persistent_term:erase({?MODULE, Host});
        _ -> ok
    end,
    queued(S) > 0 andalso ?WARNING_MSG("mod_ofgate: stopping on ~ts, ~B event(s) undelivered", [Host, queued(S)]).

code_change(_OldVsn, S, _Extra) -> {ok, S}.

queued(#{q := #hostq{tab = Tab}}) -> ets:info(Tab, size).

%% At most one POST in flight, and POSTs start at least post_interval apart: under load the
%% events of that interval share one POST (httpc costs far more per request than per event);
%% an event after a quiet spell, a full batch or a backlog goes at once.
send_next(#{flight := none, timer := none, pace := none, q := #hostq{tab = Tab, awake = A}} = S0) ->
    S = warn_drops(S0),
    case ets:info(Tab, size) of
        0 ->
            %% Asleep; an event inserted before the flag went down would not have woken us.
            atomics:put(A, 1, 0),
            case ets:info(Tab, size) of
                0 -> S;
                _ -> atomics:put(A, 1, 1), send_next(S)
            end;
        Len ->
            Wait = maps:get(last_post, S) + opt(post_interval, S) - erlang:monotonic_time(millisecond),
            case Wait > 0 andalso Len < opt(batch_size, S) of
                true -> S#{pace := erlang:send_after(Wait, self(), pace)};
                false -> send_batch(S)
            end
    end;
send_next(S) -> warn_drops(S).

send_batch(#{q := #hostq{tab = Tab, counters = C}, host := Host} = S) ->
    S1 = S#{last_post := erlang:monotonic_time(millisecond)},
    try take_batch(Tab, opt(batch_size, S)) of
        Batch ->
            case post([Json || {_, Json} <- Batch], S) of
                {ok, Ref} ->
                    erlang:send_after(opt(timeout, S) + 5000, self(), {watchdog, Ref}),
                    S1#{flight := {Ref, [Seq || {Seq, _} <- Batch]}, posts := maps:get(posts, S) + 1};
                {error, Reason} -> failed(Reason, S1#{flight := {none, []}})
            end
    catch Class:Reason:Stack ->
            %% A bug here must not crash-loop this process: past the supervisor's restart limit
            %% that would stop ejabberd. Drop the event that could not be sent and go on.
            ?ERROR_MSG("mod_ofgate: oldest event of ~ts not sendable, dropped: ~p", [Host, {Class, Reason, Stack}]),
            drop_oldest(Tab, C),
            failed({Class, Reason}, S1#{flight := {none, []}})
    end.

%% The oldest events, at most N of them and ?MAX_BATCH_BYTES, but always at least one.
take_batch(Tab, N) ->
    case ets:select(Tab, [{'_', [], ['$_']}], N) of
        {Events, _More} -> cap_bytes(Events, 0, []);
        '$end_of_table' -> []
    end.

cap_bytes([{_, Json} = E | Es], Bytes, Acc) when Bytes == 0; Bytes + byte_size(Json) =< ?MAX_BATCH_BYTES ->
    cap_bytes(Es, Bytes + byte_size(Json), [E | Acc]);
cap_bytes(_, _Bytes, Acc) -> lists:reverse(Acc).

post(Events, S) ->
    try
        Body = iolist_to_binary([<<"{\"events\":[">>, lists:join(<<",">>, Events), <<"]}">>]),
        Secret = opt(secret, S),
        Sig = string:lowercase(binary:encode_hex(crypto:mac(hmac, sha256, Secret, Body))),
        Headers = [{"x-ofgate-secret", binary_to_list(Secret)},
                   {"x-ofgate-signature", "sha256=" ++ binary_to_list(Sig)}],
        T = opt(timeout, S),
        httpc:request(post, {binary_to_list(opt(url, S)), Headers, "application/json", Body},
                      [{timeout, T}, {connect_timeout, T}], [{sync, false}, {body_format, binary}])
    catch Class:Reason -> {error, {Class, Reason}}
    end.

%% Delivered (or refused for good): the batch leaves the table.
done(#{flight := {_, Seqs}, q := #hostq{tab = Tab}} = S) ->
    [ets:delete(Tab, Seq) || Seq <- Seqs],
    S#{flight := none, delay := 0}.

posted({{_, Code, _}, _, Body}, #{flight := {_, Seqs}, host := Host, delay := Delay} = S)
  when Code >= 200, Code < 300 ->
    Delay > 0 andalso ?INFO_MSG("mod_ofgate: ofgate reachable again from ~ts (~B dropped since start)",
                                [Host, dropped(S)]),
    send_next(want(interest(Body), (done(S))#{sent := maps:get(sent, S) + length(Seqs)}));
posted({{_, Code, _}, _, Body}, #{flight := {_, Seqs}, host := Host, q := #hostq{counters = C}} = S)
  when Code == 400; Code == 413; Code == 422 ->
    %% ofgate refuses the batch itself: retrying it would block the queue for good.
    ?ERROR_MSG("mod_ofgate: ofgate rejected ~B event(s) from ~ts (HTTP ~B): ~ts",
               [length(Seqs), Host, Code, Body]),
    counters:add(C, ?C_DROPPED, length(Seqs)),
    send_next(done(S));
posted({{_, Code, _}, _, _}, S) -> failed({http_status, Code}, S);
posted({error, Reason}, S) -> failed(Reason, S).

%% The batch is still at the head of the table; retry after retry_min, doubling up to retry_max.
failed(Reason, #{delay := Delay, host := Host} = S) ->
    Delay == 0 andalso ?WARNING_MSG("mod_ofgate: cannot post events from ~ts to ~ts (~p); "
                                    "queueing and retrying", [Host, opt(url, S), Reason]),
    Next = min(max(Delay * 2, opt(retry_min, S)), opt(retry_max, S)),
    Timer = erlang:send_after(Next, self(), retry),
    warn_drops(S#{flight := none, timer := Timer, delay := Next, retries := maps:get(retries, S) + 1}).

dropped(#{q := #hostq{counters = C}}) -> counters:get(C, ?C_DROPPED).

%% Drops happen in the hooks; the poster reports them, at most once per ?DROP_WARN_EVERY_MS.
warn_drops(#{host := Host, dropped_warned := Warned, warned_at := At} = S) ->
    Dropped = dropped(S),
    Now = erlang:monotonic_time(millisecond),
    case Dropped > Warned andalso (At == undefined orelse Now - At >= ?DROP_WARN_EVERY_MS) of
        true ->
            ?WARNING_MSG("mod_ofgate: queue full on ~ts: dropped the ~B oldest event(s) (~B in all)",
                         [Host, Dropped - Warned, Dropped]),
            S#{dropped_warned := Dropped, warned_at := Now};
        false -> S
    end.

check_opts(Host, Opts) ->
    Url = gen_mod:get_opt(url, Opts),
    case uri_string:parse(Url) of
        #{scheme := Sch, host := H} when (Sch == <<"http">> orelse Sch == <<"https">>), H /= <<"">> ->
            ?INFO_MSG("mod_ofgate: posting events of ~ts to ~ts", [Host, Url]);
        _ ->
            ?ERROR_MSG("mod_ofgate: url ~p is not an http(s) URL: events of ~ts will be queued, "
                       "then the oldest dropped past queue_max", [Url, Host])
    end,
    gen_mod:get_opt(secret, Opts) == <<"">> andalso
        ?WARNING_MSG("mod_ofgate: no secret set for ~ts: ofgate will refuse the events", [Host]),
    ok.

%%%=== commands: queue counters, reversible lockout =====================
get_commands_spec() ->
    UH = [{user, binary}, {host, binary}],
    Stats = {stats, {tuple, [{queued, integer}, {enqueued, integer}, {sent, integer},
                             {dropped, integer}, {retries, integer}, {posts, integer}]}},
    [command(ofgate_shim_stats, stats, [{host, binary}], Stats,
             "mod_ofgate's queue on a host: queued now; enqueued, sent, dropped, retries, posts since start"),
     command(ofgate_lock_user, lock_user, UH ++ [{reason, binary}], {res, rescode},
             "Lock an account until unlocked (kept across restarts): kick its sessions, refuse its logins"),
     command(ofgate_unlock_user, unlock_user, UH, {res, rescode},
             "Unlock an account locked by ofgate_lock_user; its password is unchanged"),
     command(ofgate_is_locked, is_locked, UH, {res, integer}, "1 if the account is locked, else 0"),
     command(ofgate_hook_interest, hook_interest, [{host, binary}, {events, binary}], {forwarded, string},
             "Forward only these events (comma-separated; \"*\": every configured one; or the JSON of a "
             "POST answer, {\"wanted\":[...],\"selectors\":{...}}) to ofgate; "
             "answers those now forwarded. ofgate calls it at start; its answers to each POST say it too"),
     command(ofgate_forwarded_events, forwarded_events, [{host, binary}], {forwarded, string},
             "The events mod_ofgate forwards now: the configured ones ofgate said it consumes")].

command(Name, Function, Args, Result, Desc) ->
    Examples = #{user => <<"alice">>, host => <<"localhost">>, reason => <<"abuse">>,
                 events => <<"session_opened,session_closed,presence_set,presence_unset">>},
    #ejabberd_commands{name = Name, tags = [ofgate], desc = Desc, module = ?MODULE,
                       function = Function, args = Args, result = Result,
                       args_example = [maps:get(A, Examples) || {A, _} <- Args]}.

stats(Host) -> call(Host, stats).

%% `events': a comma-separated list, "*", or the JSON of a POST answer (with selectors).
hook_interest(Host, Events) ->
    Interest = case string:trim(Events) of
                   <<"*">> -> {all, #{}};
                   <<"{", _/binary>> = Json ->
                       case interest(Json) of
                           none -> throw({error, <<"events: not {\"wanted\":[...]} JSON">>});
                           Parsed -> Parsed
                       end;
                   Names -> {[E || E <- ?EVENTS, lists:member(atom_to_binary(E), [string:trim(N) || N <- string:split(Names, <<",">>, all)])], #{}}
               end,
    names(call(Host, {interest, Interest})).

forwarded_events(Host) -> names(call(Host, forwarded)).

names(Events) -> iolist_to_binary(lists:join(<<",">>, [atom_to_binary(E) || E <- Events])).

call(Host, Request) ->
    try gen_server:call(proc(jid:nameprep(Host)), Request, 5000)
    catch _:_ -> throw({error, <<"mod_ofgate is not running on this host">>})
    end.

lock_user(User, Host, Reason) ->
    {U, S} = US = us(User, Host),
    ok = mnesia:dirty_write(#ofgate_lock{us = US, reason = Reason, since = erlang:system_time(second)}),
    ejabberd_sm:kick_user(U, S),
    ok.

unlock_user(User, Host) -> mnesia:dirty_delete(ofgate_lock, us(User, Host)).

is_locked(User, Host) -> length(mnesia:dirty_read(ofgate_lock, us(User, Host))).

us(User, Host) ->
    case {jid:nodeprep(User), jid:nameprep(Host)} of
        {U, S} when is_binary(U), U /= <<"">>, is_binary(S) ->
            ejabberd_router:is_my_host(S) orelse throw({error, <<"unknown host">>}),
            {U, S};
        _ -> throw({error, <<"invalid user or host">>})
    end.
