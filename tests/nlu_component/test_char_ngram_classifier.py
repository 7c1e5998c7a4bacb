"""The custom intent classifier through Rasa's own storage: train, persist, load, predict."""
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.char_ngram_classifier import CharNgramIntentClassifier

EXAMPLES = {
    "wage_arrears": ["老板不发工资", "工钱被拖欠了", "包工头跑了钱没给", "三个月没发薪水", "欠薪怎么办"],
    "join_union": ["怎么加入工会", "我想入会", "会费交多少", "骑手能入工会吗", "工会会员怎么办"],
    "greet": ["你好", "在吗", "哈喽", "您好", "有人吗"],
}


def test_train_persist_load_and_predict(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent_classifier")
    context = ExecutionContext(GraphSchema({}), "test")
    config = CharNgramIntentClassifier.get_default_config()
    clf = CharNgramIntentClassifier.create(config, storage, resource, context)
    clf.train(TrainingData([Message(data={"text": t, "intent": i}) for i, ts in EXAMPLES.items() for t in ts]))

    loaded = CharNgramIntentClassifier.load(config, storage, resource, context)
    messages = loaded.process([Message(data={"text": "老板一直拖着工资不给"}), Message(data={"text": "ＨＥＬＬＯ 你好呀"})])
    first, second = (m.get("intent") for m in messages)
    assert first["name"] == "wage_arrears" and second["name"] == "greet"
    ranking = messages[0].get("intent_ranking")
    assert [r["name"] for r in ranking][0] == "wage_arrears" and abs(sum(r["confidence"] for r in ranking) - 1) < 1e-6


def test_untrained_classifier_leaves_messages_alone(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    clf = CharNgramIntentClassifier.load({}, storage, Resource("never_trained"), context)
    [message] = clf.process([Message(data={"text": "你好"})])
    assert message.get("intent") is None


def test_fast_probabilities_equal_scikit_learns(tmp_path):
    import numpy as np

    context = ExecutionContext(GraphSchema({}), "test")
    clf = CharNgramIntentClassifier.create(CharNgramIntentClassifier.get_default_config(),
                                           LocalModelStorage(tmp_path), Resource("clf"), context)
    clf.train(TrainingData([Message(data={"text": t, "intent": i}) for i, ts in EXAMPLES.items() for t in ts]))
    texts = ["老板一直拖着工资不给", "你好", "完全无关的一句话", ""]
    assert clf._fast is not None
    assert np.allclose(clf.predict_proba(texts), clf.pipeline.predict_proba(texts), atol=1e-10)
