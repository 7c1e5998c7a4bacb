"""Workers' personal data (《个人信息保护法》): the notice and consent before a form asks for it
(``consent``), how long each kind is kept (``retention``), and a worker's request to see or delete
what is stored about them (``requests``)."""
