%%%----------------------------------------------------------------------
%%% File    : mod_ofgate.erl
%%% Purpose : Forward user activity to ofgate over HTTP, and lock accounts reversibly
%%%           (Openfire's lockout; 23.01's ban_account destroys the password).
%%% Target  : ejabberd 23.01 (Debian), OTP 25
%%% Refs    : erlang-shim/README.md (options, hooks and seqs, payload, commands);
%%%           hooks/events.ts, hooks/decode.ts (the TypeScript side of the payload)
%%% Hook handlers only cast to the per-host gen_server and return the accumulator. It keeps
%%% a bounded FIFO and posts one batch at a time (httpc, async, timeout), retrying with
%%% back-off: events arrive in order and none is lost while ofgate is down or slow.
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
-export([get_commands_spec/0, stats/1, lock_user/3, unlock_user/2, is_locked/2]).

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

%%%=== gen_mod ==========================================================
start(Host, Opts) ->
    {ok, _} = application:ensure_all_started(inets),
    ejabberd_mnesia:create(?MODULE, ofgate_lock,
                           [{disc_copies, [node()]}, {attributes, record_info(fields, ofgate_lock)}]),
    case gen_mod:start_child(?MODULE, Host, Opts) of
        {ok, Pid} ->
            ejabberd_commands:register_commands(?MODULE, get_commands_spec()),
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
mod_opt_type(queue_max) -> econf:pos_int();
mod_opt_type(timeout) -> econf:timeout(millisecond);
mod_opt_type(retry_min) -> econf:timeout(millisecond);
mod_opt_type(retry_max) -> econf:timeout(millisecond).

mod_options(_Host) ->
    [{url, <<"http://127.0.0.1:7070/hooks/events">>}, {secret, <<"">>}, {events, ?EVENTS},
     {batch_size, 50}, {queue_max, 10000}, {timeout, 5000}, {retry_min, 500}, {retry_max, 30000}].

mod_doc() ->
    Opts = [{url, ?T("URL"), ?T("Where events are POSTed. Default: http://127.0.0.1:7070/hooks/events")},
            {secret, ?T("Text"), ?T("Shared secret, sent in X-Ofgate-Secret; it also keys the HMAC-SHA256 "
                                    "of the body sent in X-Ofgate-Signature (sha256=<hex>). Required by ofgate.")},
            {events, ?T("[Name]"), ?T("Events to forward. Default: all of them.")},
            {batch_size, ?T("Number"), ?T("Most events in one POST. Default: 50")},
            {queue_max, ?T("Number"), ?T("Most events waiting while ofgate is unreachable; past it the "
                                         "oldest are dropped, counted and logged. Default: 10000")},
            {timeout, "timeout()", ?T("HTTP timeout of a POST. Default: 5 seconds")},
            {retry_min, "timeout()", ?T("First retry delay, doubled up to retry_max. Default: 500 ms")},
            {retry_max, "timeout()", ?T("Longest retry delay. Default: 30 seconds")}],
    #{desc => [?T("Forwards user activity to ofgate as ordered, retried batches of JSON events, and "
                  "locks accounts reversibly (ofgate_lock_user, ofgate_unlock_user, ofgate_is_locked; "
                  "queue counters with ofgate_shim_stats). See erlang-shim/README.md in ofgate.")],
      opts => [{Name, #{value => Value, desc => Desc}} || {Name, Value, Desc} <- Opts],
      example => ["modules:", "  mod_ofgate:", "    url: \"http://127.0.0.1:7070/hooks/events\"",
                  "    secret: \"a long random string\""]}.

%%%=== hooks: observe, enqueue, return the accumulator unchanged ======
user_send_packet({#message{} = Msg, #{lserver := Host}} = Acc) ->
    forward(Host, message_sent, fun() -> message(Msg) end),
    Acc;
user_send_packet({#presence{type = available, to = #jid{lresource = Nick} = To},
                  #{lserver := Host, jid := From}} = Acc) when Nick /= <<"">>, To#jid.lserver /= Host ->
    %% Maybe a MUC join: remember the nick for muc_join (join_room does not carry it).
    forward(Host, muc_join, fun() -> {nick, full(From), bare(To), Nick} end),
    Acc;
user_send_packet(Acc) -> Acc.

%% Only messages from other servers: a local sender already produced message_sent, and a
%% groupchat reflection would repeat it once per occupant.
user_receive_packet({#message{from = #jid{lserver = Host}}, #{lserver := Host}} = Acc) ->
    Acc;                                        % the common case, decided before any lookup
user_receive_packet({#message{from = #jid{lserver = FromHost}} = Msg, #{lserver := Host}} = Acc) ->
    forward(Host, message_received,
            fun() -> case ejabberd_router:is_my_route(FromHost) of true -> skip; false -> message(Msg) end end),
    Acc;
user_receive_packet(Acc) -> Acc.

offline_message_hook({Action, #message{to = #jid{lserver = Host}} = Msg} = Acc) ->
    forward(Host, message_offline, fun() -> with(message(Msg), #{action => action(Action)}) end),
    Acc;
offline_message_hook(Acc) -> Acc.

set_presence_hook(User, Server, Resource, #presence{show = Show, status = Status, priority = Prio}) ->
    forward(jid:nameprep(Server), presence_set,
            fun() -> with(who(jid:make(User, Server, Resource)),
                          #{show => if Show == undefined -> available; true -> Show end,
                            status => xmpp:get_text(Status),
                            priority => if is_integer(Prio) -> Prio; true -> 0 end})
            end).

unset_presence_hook(User, Server, Resource, Status) ->
    forward(jid:nameprep(Server), presence_unset,
            fun() -> with(who(jid:make(User, Server, Resource)), #{status => Status}) end).

sm_register_connection_hook(_SID, #jid{lserver = Host} = JID, _Info) ->
    forward(Host, session_opened, fun() -> who(JID) end).

sm_remove_connection_hook(_SID, #jid{lserver = Host} = JID, _Info) ->
    forward(Host, session_closed, fun() -> who(JID) end).

join_room(ServerHost, Room, MucHost, JID) ->
    forward(ServerHost, muc_join, fun() -> with(who(JID), #{room => bare(jid:make(Room, MucHost))}) end).

leave_room(ServerHost, Room, MucHost, JID) ->
    forward(ServerHost, muc_leave, fun() -> with(who(JID), #{room => bare(jid:make(Room, MucHost))}) end).

register_user(User, Server) ->
    forward(jid:nameprep(Server), user_registered, fun() -> #{jid => bare(jid:make(User, Server))} end).

remove_user(User, Server) ->
    forward(jid:nameprep(Server), user_removed, fun() -> #{jid => bare(jid:make(User, Server))} end).

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

%%%=== event fields: only what ofgate needs, never credentials or c2s state
forward(Host, Event, Build) ->
    try lists:member(Event, gen_mod:get_module_opt(Host, ?MODULE, events)) andalso
            case Build() of
                skip -> ok;
                {nick, _, _, _} = Nick -> gen_server:cast(proc(Host), Nick);
                Fields -> gen_server:cast(proc(Host), {event, Event, erlang:system_time(millisecond), Fields})
            end
    catch Class:Reason:Stack ->
            ?ERROR_MSG("mod_ofgate: ~ts event not built: ~p", [Event, {Class, Reason, Stack}])
    end,
    ok.

message(#message{type = error}) -> skip;
message(#message{from = From, to = To, type = Type, id = Id, body = Body, thread = Thread} = Msg) ->
    Fields = #{from => jid:encode(From), to => jid:encode(To), type => Type, msg_id => Id,
               body => xmpp:get_text(Body),
               thread => case Thread of #message_thread{data = T} -> T; _ -> <<"">> end,
               chat_state => case child(Msg, ?NS_CHATSTATES) of #xmlel{name = S} -> S; _ -> <<"">> end,
               data => jive_data(child(Msg, ?NS_JIVE_PROPS))},
    case maps:filter(fun(_, V) -> V /= <<"">> end, Fields) of
        #{body := _} = F -> F;
        #{chat_state := _} = F -> F;
        #{data := _} = F -> F;
        _ -> skip                       % receipts, markers and the like
    end.

child(#message{sub_els = Els}, NS) ->
    case [El || El <- Els, xmpp:get_ns(El) == NS] of
        [#xmlel{} = El | _] -> El;
        [El | _] -> xmpp:encode(El);
        [] -> undefined
    end.

%% Openfire/Fastpath clients carry an opaque `data' Jive property.
jive_data(#xmlel{children = Props}) ->
    hd([fxml:get_path_s(P, [{elem, <<"value">>}, cdata])
        || #xmlel{name = <<"property">>} = P <- Props,
           fxml:get_path_s(P, [{elem, <<"name">>}, cdata]) == <<"data">>] ++ [<<"">>]);
jive_data(_) -> <<"">>.

action(A) when is_atom(A) -> A;                 % offlined (mod_offline), archived (mod_mam), bounce
action(_) -> other.
who(#jid{} = J) -> {U, S, R} = jid:tolower(J), #{jid => jid:encode({U, S, <<"">>}), resource => R}.
bare(#jid{} = J) -> {U, S, _} = jid:tolower(J), jid:encode({U, S, <<"">>}).
full(#jid{} = J) -> jid:encode(jid:tolower(J)).
with(skip, _) -> skip;
with(Fields, More) -> maps:merge(Fields, More).
proc(Host) -> gen_mod:get_module_proc(Host, ?MODULE).
opt(Name, #{opts := Opts}) -> gen_mod:get_opt(Name, Opts).
count(Counter, N, #{counts := C} = S) -> S#{counts := C#{Counter := maps:get(Counter, C) + N}}.

%%%=== gen_server: bounded FIFO, one batch in flight, exponential back-off
init([Host, Opts]) ->
    process_flag(trap_exit, true),
    check_opts(Host, Opts),
    {ok, #{host => Host, opts => Opts, seq => 0, q => queue:new(), len => 0, flight => none,
           timer => none, delay => 0, nicks => #{}, unwarned => 0, warned_at => undefined,
           counts => #{enqueued => 0, sent => 0, dropped => 0, retries => 0},
           %% ids stay unique across restarts: host + start time (µs, base 36) + counter
           boot => integer_to_binary(erlang:system_time(microsecond), 36)}}.

handle_call(stats, _From, #{counts := C} = S) -> {reply, {queued(S), maps:get(enqueued, C),
    maps:get(sent, C), maps:get(dropped, C), maps:get(retries, C)}, S};
handle_call(_Request, _From, S) -> {reply, {error, badarg}, S}.

handle_cast({event, Event, Ts, Fields}, S) ->
    {Fields1, S1} = add_nick(Event, Fields, S),
    {noreply, send_next(enqueue(Event, Ts, Fields1, S1))};
handle_cast({nick, Occupant, Room, Nick}, #{nicks := N} = S) ->
    N1 = if map_size(N) >= ?MAX_NICKS -> #{}; true -> N end,
    {noreply, S#{nicks := N1#{{Occupant, Room} => Nick}}};
handle_cast({reload, Opts}, #{host := Host} = S) ->
    check_opts(Host, Opts),
    {noreply, send_next(trim(S#{opts := Opts}))};
handle_cast(_Msg, S) -> {noreply, S}.

handle_info({http, {Ref, Result}}, #{flight := {Ref, _}} = S) -> {noreply, posted(Result, S)};
handle_info({watchdog, Ref}, #{flight := {Ref, _}} = S) ->
    httpc:cancel_request(Ref),
    {noreply, failed(watchdog_timeout, S)};
handle_info(retry, S) -> {noreply, send_next(S#{timer := none})};
handle_info(_Info, S) -> {noreply, S}.

terminate(_Reason, #{host := Host} = S) ->
    queued(S) > 0 andalso ?WARNING_MSG("mod_ofgate: stopping on ~ts, ~B event(s) undelivered", [Host, queued(S)]).

code_change(_OldVsn, S, _Extra) -> {ok, S}.

queued(#{len := Len, flight := {_, Batch}}) -> Len + queue:len(Batch);
queued(#{len := Len}) -> Len.

add_nick(Event, #{jid := J, resource := R, room := Room} = F, #{nicks := N} = S)
  when Event == muc_join; Event == muc_leave ->
    Key = {<<J/binary, "/", R/binary>>, Room},
    F1 = case N of #{Key := Nick} -> F#{nick => Nick}; _ -> F end,
    {F1, if Event == muc_leave -> S#{nicks := maps:remove(Key, N)}; true -> S end};
add_nick(_Event, F, S) -> {F, S}.

%% Each event is encoded once, here; a batch is then a concatenation.
enqueue(Event, Ts, Fields, #{host := Host, boot := Boot, seq := Seq, q := Q, len := Len} = S) ->
    Id = <<Host/binary, "-", Boot/binary, "-", (integer_to_binary(Seq))/binary>>,
    try jiffy:encode(Fields#{v => 1, id => Id, event => Event, host => Host, ts => Ts}, [force_utf8]) of
        Json -> trim(count(enqueued, 1, S#{seq := Seq + 1, q := queue:in(Json, Q), len := Len + 1}))
    catch _:Reason ->
            ?ERROR_MSG("mod_ofgate: ~ts event not encodable, dropped: ~p", [Event, Reason]),
            count(dropped, 1, S)
    end.

%% Past queue_max waiting events, drop the oldest. A failed batch goes back in front first,
%% so what is dropped is always the oldest undelivered (memory: queue_max + batch_size).
trim(#{q := Q, len := Len, host := Host} = S) ->
    case Len - opt(queue_max, S) of
        Drop when Drop > 0 ->
            {_, Q1} = queue:split(Drop, Q),
            S1 = count(dropped, Drop, S#{q := Q1, len := Len - Drop, unwarned := maps:get(unwarned, S) + Drop}),
            Now = erlang:monotonic_time(millisecond),
            case maps:get(warned_at, S) of
                At when is_integer(At), Now - At < ?DROP_WARN_EVERY_MS -> S1;
                _ -> ?WARNING_MSG("mod_ofgate: queue full on ~ts: dropped the ~B oldest event(s) "
                                  "(~B in all)", [Host, maps:get(unwarned, S1), dropped(S1)]),
                     S1#{unwarned := 0, warned_at := Now}
            end;
        _ -> S
    end.

dropped(#{counts := #{dropped := D}}) -> D.

send_next(#{flight := none, timer := none, len := Len, q := Q} = S) when Len > 0 ->
    {Batch, Rest} = queue:split(min(Len, opt(batch_size, S)), Q),
    S1 = S#{q := Rest, len := Len - queue:len(Batch)},
    case post(queue:to_list(Batch), S) of
        {ok, Ref} ->
            erlang:send_after(opt(timeout, S) + 5000, self(), {watchdog, Ref}),
            S1#{flight := {Ref, Batch}};
        {error, Reason} -> failed(Reason, S1#{flight := {none, Batch}})
    end;
send_next(S) -> S.

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

posted({{_, Code, _}, _, _}, #{flight := {_, Batch}, host := Host, delay := Delay} = S)
  when Code >= 200, Code < 300 ->
    Delay > 0 andalso ?INFO_MSG("mod_ofgate: ofgate reachable again from ~ts (~B dropped since start)",
                                [Host, dropped(S)]),
    send_next(count(sent, queue:len(Batch), S#{flight := none, delay := 0}));
posted({{_, Code, _}, _, Body}, #{flight := {_, Batch}, host := Host} = S)
  when Code == 400; Code == 413; Code == 422 ->
    %% ofgate refuses the batch itself: retrying it would block the queue for good.
    ?ERROR_MSG("mod_ofgate: ofgate rejected ~B event(s) from ~ts (HTTP ~B): ~ts",
               [queue:len(Batch), Host, Code, Body]),
    send_next(count(dropped, queue:len(Batch), S#{flight := none, delay := 0}));
posted({{_, Code, _}, _, _}, S) -> failed({http_status, Code}, S);
posted({error, Reason}, S) -> failed(Reason, S).

%% Put the batch back in front; retry after retry_min, doubling up to retry_max.
failed(Reason, #{flight := {_, Batch}, q := Q, len := Len, delay := Delay, host := Host} = S) ->
    Delay == 0 andalso ?WARNING_MSG("mod_ofgate: cannot post events from ~ts to ~ts (~p); "
                                    "queueing and retrying", [Host, opt(url, S), Reason]),
    Next = min(max(Delay * 2, opt(retry_min, S)), opt(retry_max, S)),
    Timer = erlang:send_after(Next, self(), retry),
    trim(count(retries, 1, S#{q := queue:join(Batch, Q), len := Len + queue:len(Batch), flight := none,
                              timer := Timer, delay := Next})).

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
                             {dropped, integer}, {retries, integer}]}},
    [command(ofgate_shim_stats, stats, [{host, binary}], Stats,
             "mod_ofgate's queue on a host: queued now; enqueued, sent, dropped, retries since start"),
     command(ofgate_lock_user, lock_user, UH ++ [{reason, binary}], {res, rescode},
             "Lock an account until unlocked (kept across restarts): kick its sessions, refuse its logins"),
     command(ofgate_unlock_user, unlock_user, UH, {res, rescode},
             "Unlock an account locked by ofgate_lock_user; its password is unchanged"),
     command(ofgate_is_locked, is_locked, UH, {res, integer}, "1 if the account is locked, else 0")].

command(Name, Function, Args, Result, Desc) ->
    Examples = #{user => <<"alice">>, host => <<"localhost">>, reason => <<"abuse">>},
    #ejabberd_commands{name = Name, tags = [ofgate], desc = Desc, module = ?MODULE,
                       function = Function, args = Args, result = Result,
                       args_example = [maps:get(A, Examples) || {A, _} <- Args]}.

stats(Host) ->
    try gen_server:call(proc(jid:nameprep(Host)), stats, 5000)
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
