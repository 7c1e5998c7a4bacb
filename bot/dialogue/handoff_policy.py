"""While a person handles a conversation, the bot does not answer it.

When the `handoff` slot is `waiting` or `live` (set by `action_request_human`, changed by the web
app when an officer claims or hands back), every worker message runs `action_handoff_relay`
(which records it for the console and lets the worker end the wait) and nothing else. The
prediction is marked as not depending on the user's message, which in Rasa's ensemble overrules
every message-based prediction (rules, memoization, fallback), and has the top priority.
Nothing is trained.

When the slot reads `reply:<reference>` (a staff member's public reply on that ticket has reached
the worker: bot/cases/conversation.py), the worker's next typed message is the answer and runs
`action_handoff_relay` too, unless it is urgent (the urgent path runs as always), a button press,
or inside a form.

The worker's words after the satisfaction question's 写几句意见 button go to `action_inform`
(which keeps them as the comment: bot/console/satisfaction.py) whatever they read like, the same way.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction, confidence_scores_for
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

HANDOFF_SLOT = "handoff"
ACTIVE_STATES = ("waiting", "live")
RELAY_ACTION = "action_handoff_relay"
COMMENT_ACTION = "action_inform"
REPLY_STATE = "reply:"  # bot.cases.conversation.REPLY_STATE (not imported: no database code in Rasa)


def _comment_ref(tracker: DialogueStateTracker) -> Optional[str]:
    from rasa.shared.core.events import UserUttered

    from bot.console.satisfaction import pending_comment

    said = []
    for e in reversed(tracker.events):
        if isinstance(e, UserUttered):
            said.append(e)
            if len(said) == 2:
                break
    if len(said) < 2:
        return None
    return pending_comment(said[1].entities, said[0].text, (said[0].intent or {}).get("name"))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class HandoffPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 7}  # above RulePolicy (6)

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, featurizer: Optional[Any] = None) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource  # nothing to learn

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None, **kwargs: Any) -> PolicyPrediction:
        latest = tracker.latest_action_name
        if latest == RELAY_ACTION:
            return self._decide(ACTION_LISTEN_NAME, domain)
        if latest == ACTION_LISTEN_NAME and tracker.get_slot(HANDOFF_SLOT) in ACTIVE_STATES \
                and tracker.latest_message is not None and tracker.latest_message.text is not None:
            return self._decide(RELAY_ACTION, domain)
        if latest == COMMENT_ACTION and _comment_ref(tracker):
            return self._decide(ACTION_LISTEN_NAME, domain)
        if latest == ACTION_LISTEN_NAME and _comment_ref(tracker):
            return self._decide(COMMENT_ACTION, domain)
        if latest == ACTION_LISTEN_NAME and self._answers_staff(tracker):
            return self._decide(RELAY_ACTION, domain)
        return self._prediction(self._default_predictions(domain))

    @staticmethod
    def _answers_staff(tracker: DialogueStateTracker) -> bool:
        state = tracker.get_slot(HANDOFF_SLOT)
        message = tracker.latest_message
        if not (isinstance(state, str) and state.startswith(REPLY_STATE)) or message is None or not message.text:
            return False
        intent = (message.intent or {}).get("name")
        return not message.text.startswith("/") and intent != "urgent" and not tracker.active_loop_name

    def _decide(self, action: str, domain: Domain) -> PolicyPrediction:
        return self._prediction(confidence_scores_for(action, 1.0, domain), is_no_user_prediction=True)
